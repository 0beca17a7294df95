export const DESCRIPTIONS: Record<string, string> = {};
