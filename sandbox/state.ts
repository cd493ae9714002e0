import { EntityService } from './entity-service.js';
import { FaultInjector } from './fault-injection.js';
import type { ResolvedOptions } from './options.js';
import type { RealmPreferences } from './preferences.js';
import { RequestLog } from './request-log.js';
import type { RuleContext } from './rules/common.js';
import { seedRealm } from './seed.js';
import { Stats } from './stats.js';
import { RealmStore, type Realm } from './store.js';
import { Throttle } from './throttle.js';
import { TokenStore } from './tokens.js';
import { WebhookDispatcher } from './webhooks.js';

/** Everything one sandbox instance holds in memory; routes receive it instead of sharing globals. */
export class SandboxState {
  readonly realms = new RealmStore();
  readonly tokens: TokenStore;
  readonly throttle: Throttle;
  readonly stats = new Stats();
  readonly faults = new FaultInjector();
  readonly requests = new RequestLog();
  readonly webhooks: WebhookDispatcher;
  readonly entities: EntityService;

  constructor(readonly options: ResolvedOptions) {
    this.tokens = new TokenStore(options.accessTokenTtlSeconds, options.authCodeTtlSeconds);
    this.throttle = new Throttle(options.ratePerMinute, options.maxConcurrent, options.batchRatePerMinute);
    this.webhooks = new WebhookDispatcher(
      {
        url: options.webhookUrl,
        verifierToken: options.webhookVerifierToken,
        format: options.webhookFormat,
        dropRate: 0,
        duplicateRate: 0,
      },
      options.webhookRetryScale,
      (realmId) => this.tokens.isConnected(realmId),
    );
    this.entities = new EntityService((e) => this.webhooks.notify(e));
  }

  now(): number {
    return this.options.now();
  }

  createRealm(companyName?: string, preferences?: RealmPreferences): Realm {
    const realm = this.realms.create(companyName, preferences);
    seedRealm(this.context(realm));
    return realm;
  }

  /** `includesAllowDuplicates`: the request said `include=allowduplicatedocnum` (or batch `optionsData`). */
  context(realm: Realm, includesAllowDuplicates = false): RuleContext {
    return {
      realm,
      nowMs: this.now(),
      lookup: (entity, id) => realm.get(entity, id),
      allowDuplicateDocNumber: includesAllowDuplicates || realm.preferences.duplicateDocNumbers === 'allow',
    };
  }

  reset(): void {
    this.realms.clear();
    this.tokens.clear();
    this.stats.reset();
    this.faults.clear();
    this.requests.clear();
    this.throttle.reset(true);
    this.throttle.perMinute = this.options.ratePerMinute;
    this.throttle.concurrent = this.options.maxConcurrent;
    this.throttle.batchPerMinute = this.options.batchRatePerMinute;
    this.webhooks.reset();
  }
}
