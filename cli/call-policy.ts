// How the CLI calls Google: the functions' retry policy, with each retry told to the coordinator in Vietnamese.
import type { CallPolicy } from '../functions/platform/call-google.ts';
import { createLogger } from '../functions/platform/log.ts';

/** A wait the coordinator can see, instead of a command that seems to hang on Google's quota. */
export function cliCallPolicy(say: (line: string) => void): CallPolicy {
  const log = createLogger((line) => {
    const entry = JSON.parse(line) as { message?: string; waitMs?: number; attempt?: number };
    if (entry.message === 'google call retried') {
      const seconds = Math.max(1, Math.round((entry.waitMs ?? 0) / 1000));
      say(
        `… Google đang giới hạn số yêu cầu; thử lại sau ${seconds} giây (lần ${(entry.attempt ?? 0) + 1}).`,
      );
    } else if (entry.message === 'google call gave up on quota') {
      say('… Google vẫn giới hạn số yêu cầu; xin chạy lại lệnh sau vài phút.');
    }
  });
  return { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random, log };
}
