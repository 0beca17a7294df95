/**
 * aliasBomb: a YAML task definition of under 500 bytes whose nested aliases ("billion laughs") expand
 * to 9^9 values in containerDefinitions[0].command.
 */
export function aliasBomb(): string {
  const levels = 'abcdefghi'.split('');
  const lines = [`a: &a [${Array(9).fill('"lol"').join(',')}]`];
  for (let i = 1; i < levels.length; i++)
    lines.push(
      `${levels[i]}: &${levels[i]} [${Array(9)
        .fill(`*${levels[i - 1]}`)
        .join(',')}]`,
    );
  lines.push('family: x', 'containerDefinitions: [{name: a, image: b, command: *i}]');
  return lines.join('\n');
}
