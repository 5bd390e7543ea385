import { describe, expect, it } from 'vitest';
import { unreachable } from './check.ts';
import { DoctorConfigError, doctorTarget } from './target.ts';

describe('what doctor checks', () => {
  it('works out the project, prefix and region from the settings setup already has', () => {
    expect(
      doctorTarget({
        WATCH_TOPIC: 'projects/pgd7-baocao/topics/q7-forms-watch',
        FUNCTIONS_SERVICE_ACCOUNT: 'q7-functions@pgd7-baocao.iam.gserviceaccount.com',
      }),
    ).toEqual({
      project: 'pgd7-baocao',
      region: 'asia-southeast1',
      prefix: 'q7',
      watchTopic: 'projects/pgd7-baocao/topics/q7-forms-watch',
      functionsAccount: 'q7-functions@pgd7-baocao.iam.gserviceaccount.com',
      cloudRoot: undefined,
    });
  });

  it('refuses, in Vietnamese, an account that is not the one Pulumi made', () => {
    const run = () =>
      doctorTarget({
        WATCH_TOPIC: 'projects/p/topics/t',
        FUNCTIONS_SERVICE_ACCOUNT: 'someone@example.com',
      });
    expect(run).toThrow(DoctorConfigError);
    expect(run).toThrow(/FUNCTIONS_SERVICE_ACCOUNT: phải là tài khoản/);
  });
});

describe('a check that cannot reach what it checks', () => {
  it.each([
    [401, /baocao login/],
    [403, /vai trò Viewer/],
    [404, /tệp trạng thái của baocao setup/],
    [0, /kết nối mạng/],
  ])('after a %i says in one sentence what to do', (status, fix) => {
    const r = unreachable('Biểu mẫu', Object.assign(new Error('denied'), { status }), 'p');
    expect(r.ok).toBe(false);
    expect(r.what).toMatch(/^Biểu mẫu: không kiểm tra được/);
    expect(r.fix).toMatch(fix);
  });
});
