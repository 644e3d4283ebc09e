// A vitest reporter for the test:kernel VM, next to the default one: a failed
// test's errors the moment it ends. The default reporter keeps them for its
// summary, and a kernel panic later in the run (emulation) would take them
// with it.
export default class FailuresAtOnce {
  /** @param {import('vitest/node').TestCase} testCase */
  onTestCaseResult(testCase) {
    const result = testCase.result();
    if (result.state !== 'failed') return;
    const errors = (result.errors ?? []).map((e) => `${e.stack ?? e.message}\n${e.diff ?? ''}`.slice(0, 8000));
    process.stdout.write(`\nvm-reporter: FAILED ${testCase.module.moduleId} > ${testCase.fullName}\n${errors.join('\n')}\n\n`);
  }
}
