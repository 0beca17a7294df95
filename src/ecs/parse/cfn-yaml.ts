/**
 * A js-yaml schema that understands CloudFormation's short-form tags (`!Ref`, `!Sub`, `!GetAtt`, ...)
 * by turning each into its long form (`{Ref: x}`, `{"Fn::Sub": ...}`), so templates load as plain data
 * and the CloudFormation reader sees one representation of every intrinsic.
 */
import yaml from 'js-yaml';

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Length',
  'ToJsonString',
];
const KINDS = ['scalar', 'sequence', 'mapping'] as const;

function intrinsicTypes(): yaml.Type[] {
  const types: yaml.Type[] = [];
  for (const kind of KINDS) {
    types.push(new yaml.Type('!Ref', { kind, construct: (data: unknown) => ({ Ref: data }) }));
    types.push(new yaml.Type('!Condition', { kind, construct: (data: unknown) => ({ Condition: data }) }));
    for (const fn of FUNCTIONS) {
      types.push(
        new yaml.Type(`!${fn}`, {
          kind,
          // `!GetAtt A.b` is the one short form whose scalar splits into a list in long form.
          construct: (data: unknown) => ({
            [`Fn::${fn}`]: fn === 'GetAtt' && typeof data === 'string' ? data.split('.') : (data ?? ''),
          }),
        }),
      );
    }
  }
  return types;
}

/** CFN_SCHEMA: the default YAML schema plus every CloudFormation short-form tag. */
export const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(intrinsicTypes());
