import { stubRule } from './stub-rule.js';

export default stubRule('check-before-use');
