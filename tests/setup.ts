import * as vitest from 'vitest';
import { RuleTester } from '@typescript-eslint/rule-tester';

// The rule tester calls these hooks; wire them to vitest (no globals).
RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.describeSkip = vitest.describe.skip;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;
RuleTester.itSkip = vitest.it.skip;
