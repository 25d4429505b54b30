import { stubRule } from './stub-rule.js';

export default stubRule('invalid-handle-check');
