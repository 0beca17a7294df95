/**
 * ECS hands `entryPoint`, `command` and `environment` values to the container as they are. Kubernetes
 * expands them first, in a container's command, args and env values: `$(VAR)` becomes the value of an
 * earlier variable and `$$` becomes `$`. Doubling every `$` undoes exactly that (`$$` reads back as
 * `$`, `$$(VAR)` as `$(VAR)`), so the container receives what ECS would give it: `pa$$word` stays
 * `pa$$word`, and a shell in the container still sees `$HOME` to expand itself.
 */
export function verbatim(s: string): string {
  return s.replaceAll('$', '$$$$');
}
