// How the CLI calls Google: the functions' retry policy, with each retry told to the coordinator in Vietnamese.
import type { CallPolicy } from '../functions/platform/call-google.ts';
import { createLogger } from '../functions/platform/log.ts';

/** A wait the coordinator can see, instead of a command that seems to hang on Google's quota. */
export function cliCallPolicy(say: (line: string) => void): CallPolicy {
  const log = createLogger((line) => {
    const entry = JSON.parse(line) as {
      message?: string;
      waitMs?: number;
      attempt?: number;
      status?: number | string;
    };
    if (entry.message === 'google call retried') {
      const seconds = Math.max(1, Math.round((entry.waitMs ?? 0) / 1000));
      // A read retried after a 5xx is not Google's quota: say which, so the wait makes sense.
      const why =
        entry.status === 429 ? 'Google đang giới hạn số yêu cầu' : 'Google tạm thời không trả lời';
      say(`… ${why}; thử lại sau ${seconds} giây (lần ${(entry.attempt ?? 0) + 1}).`);
    } else if (entry.message === 'google call gave up on quota') {
      say('… Google vẫn giới hạn số yêu cầu; xin chạy lại lệnh sau vài phút.');
    } else if (entry.message === 'google call gave up on transient') {
      say('… Google vẫn không trả lời; xin chạy lại lệnh sau vài phút.');
    }
  });
  return { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random, log };
}
