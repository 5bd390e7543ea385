// The Pulumi program's entry (Pulumi.yaml "main"): reads the stack config and exports the outputs.
import { buildProgram } from './program.ts';
import { readSettings } from './settings.ts';

const out = buildProgram(readSettings());

export const watchTopic = out.watchTopic;
export const deadLetterTopic = out.deadLetterTopic;
export const functionsServiceAccount = out.functionsServiceAccount;
export const schedulerServiceAccount = out.schedulerServiceAccount;
export const eventsServiceAccount = out.eventsServiceAccount;
export const secretIds = out.secretIds;
export const sourceBucket = out.sourceBucket;
export const functionUrls = out.functionUrls;
export const schedulerJobs = out.schedulerJobs;
export const syncTrigger = out.syncTrigger;
export const nextStep = out.nextStep;
