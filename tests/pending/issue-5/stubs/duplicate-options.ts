import { stubRule } from './stub-rule.js';

export default stubRule('duplicate-options');
