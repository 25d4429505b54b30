// Programmatic codemods (a later issue).
export const codemods = {};
