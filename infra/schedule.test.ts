// Cron schedules derived from the campaign's reminder slots: day fields and month splits.
import { describe, expect, it } from 'vitest';
import { loadCampaignDefinition } from '../campaigns/index.ts';
import { dayField, reminderJobs } from './schedule.ts';

describe('reminderJobs', () => {
  it('makes one job per reminder of the 2021 campaign, on its days and time', () => {
    const jobs = reminderJobs(loadCampaignDefinition('q7-htsd-2021'));
    expect(jobs.map((j) => [j.id, j.kind, j.schedule])).toEqual([
      ['truoc-han-2-ngay', 'before', '0 8 6 10 *'],
      ['sang-ngay-het-han', 'due-today', '30 7 8 10 *'],
      ['qua-han', 'overdue', '0 8 9-15 10 *'],
    ]);
  });

  it('turns reminder slots into cron fields, splitting a reminder that crosses a month end', () => {
    expect(dayField([9, 10, 11, 13, 30, 31])).toBe('9-11,13,30-31');
    const campaign = loadCampaignDefinition('q7-htsd-2021');
    const jobs = reminderJobs({ ...campaign, deadline: '2021-10-29' });
    const overdue = jobs.filter((j) => j.reminderId === 'qua-han');
    expect(overdue.map((j) => [j.id, j.schedule])).toEqual([
      ['qua-han-10', '0 8 30-31 10 *'],
      ['qua-han-11', '0 8 1-5 11 *'],
    ]);
  });
});
