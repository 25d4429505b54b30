/** Moved to tests/rules/api-helpers.ts when the first issue-5 rule landed; the staged specs still import it from here. */
export * from '../../rules/api-helpers.js';
