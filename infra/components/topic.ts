// The Pub/Sub topic the Forms watch publishes to, publishable by Google Forms alone, and its dead-letter topic.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { FORMS_PUBLISHER } from '../catalog.ts';

export interface WatchTopicArgs {
  project: string;
  prefix: string;
  /** The Pub/Sub service agent ("serviceAccount:service-N@gcp-sa-pubsub…"), from its ServiceIdentity. */
  pubsubAgent: pulumi.Input<string>;
  /** The Eventarc push identity, whose OIDC tokens the Pub/Sub service agent mints. */
  pushIdentity: gcp.serviceaccount.Account;
}

export class WatchTopic extends pulumi.ComponentResource {
  readonly topic: gcp.pubsub.Topic;
  readonly deadLetter: gcp.pubsub.Topic;
  /** The grants the sync's push delivery needs before its trigger is created. */
  readonly grants: pulumi.Resource[] = [];

  constructor(name: string, args: WatchTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:WatchTopic', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    const pubsubAgent = args.pubsubAgent;

    this.topic = new gcp.pubsub.Topic(
      `${name}-watch`,
      {
        project: args.project,
        name: `${args.prefix}-forms-watch`,
        // A notification says only "something changed"; the 15-minute sweep covers anything
        // older than a day, so there is no point keeping undelivered ones longer.
        messageRetentionDuration: '86400s',
        labels: { app: 'baocao' },
      },
      child,
    );
    // The only publisher: Google Forms. A member binding (not a policy) leaves the topic's other
    // grants alone, and grants nobody else.
    new gcp.pubsub.TopicIAMMember(
      `${name}-watch-forms-publisher`,
      {
        project: args.project,
        topic: this.topic.name,
        role: 'roles/pubsub.publisher',
        member: FORMS_PUBLISHER,
      },
      child,
    );

    // Notifications the sync function kept failing on, kept 7 days for a look. Eventarc owns
    // the trigger's subscription, so dead-lettering is attached to it after the first deploy
    // (DEPLOY.md, "Dead letters"); the grants it needs on our side are here.
    this.deadLetter = new gcp.pubsub.Topic(
      `${name}-dead-letter`,
      {
        project: args.project,
        name: `${args.prefix}-forms-watch-dead-letter`,
        labels: { app: 'baocao' },
      },
      child,
    );
    new gcp.pubsub.Subscription(
      `${name}-dead-letter-inbox`,
      {
        project: args.project,
        name: `${args.prefix}-forms-watch-dead-letter-inbox`,
        topic: this.deadLetter.name,
        messageRetentionDuration: '604800s',
        expirationPolicy: { ttl: '' },
      },
      child,
    );
    // Pub/Sub forwards dead letters as its own service agent.
    new gcp.pubsub.TopicIAMMember(
      `${name}-dead-letter-publisher`,
      {
        project: args.project,
        topic: this.deadLetter.name,
        role: 'roles/pubsub.publisher',
        member: pubsubAgent,
      },
      child,
    );
    // The Pub/Sub service agent signs the push's OIDC token as the push identity (needed on
    // projects created before April 2021; granted on that one account only).
    const tokenCreator = new gcp.serviceaccount.IAMMember(
      `${name}-push-token-creator`,
      {
        serviceAccountId: args.pushIdentity.name,
        role: 'roles/iam.serviceAccountTokenCreator',
        member: pubsubAgent,
      },
      child,
    );
    this.grants.push(tokenCreator);
    this.registerOutputs({ topic: this.topic.id, deadLetter: this.deadLetter.id });
  }
}
