import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import {
  DEFAULT_MODEL_PATH,
  GENERATED_SCHEMA_PATH,
  generateEcsSchemaSource,
  parseEcsModel,
  readOnlyMembers,
  type EcsModel,
} from '../../../hack/ecs-schema-codegen.js';
import { DESCRIPTIONS } from '../../../src/ecs/descriptions.data.js';

// The ECS model lives in ../shared (beside every clone, CI included); without it these checks cannot run.
const loaded = existsSync(DEFAULT_MODEL_PATH)
  ? parseEcsModel(readFileSync(DEFAULT_MODEL_PATH, 'utf8'), DEFAULT_MODEL_PATH)
  : undefined;
function ecsModel(): EcsModel {
  if (!loaded) throw new Error(`the ECS API model is missing at ${DEFAULT_MODEL_PATH}`);
  return loaded;
}

describe('generated ECS schemas', () => {
  before(function () {
    ecsModel();
  });

  it('src/ecs/schema.gen.ts is what the generator makes from the model (run `npx tsx hack/gen-ecs-schema.ts` when this fails)', () => {
    expect(readFileSync(GENERATED_SCHEMA_PATH, 'utf8')).to.equal(generateEcsSchemaSource(ecsModel()));
  });

  it('has a description in our own words for every generated member', () => {
    const keys = [...readFileSync(GENERATED_SCHEMA_PATH, 'utf8').matchAll(/doc\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(keys.length).to.be.greaterThan(300);
    expect(keys.filter((k) => !DESCRIPTIONS[k])).to.deep.equal([]);
  });

  it('treats the describe-only members of TaskDefinition and Service as read-only', () => {
    expect(readOnlyMembers(ecsModel(), 'RegisterTaskDefinitionRequest', 'TaskDefinition')).to.include.members([
      'revision',
      'taskDefinitionArn',
      'status',
    ]);
    expect(readOnlyMembers(ecsModel(), 'CreateServiceRequest', 'Service')).to.include.members([
      'runningCount',
      'deployments',
      'roleArn',
    ]);
  });
});
