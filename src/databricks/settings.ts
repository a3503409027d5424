/**
 * Databricks connection settings, resolved the way the Databricks CLI and SDKs do:
 * explicit options > environment (DATABRICKS_*) > a profile of ~/.databrickscfg.
 *
 * Host and HTTP path are resolved field by field. Credentials are resolved as a unit: the
 * highest layer that holds any credential decides, so a client id from one place is never
 * paired with a secret from another (the usual cause of confusing 401s).
 */
import type { ConnectionOptions } from '@databricks/sql/dist/contracts/IDBSQLClient.js';
import type { ClientConfig } from '@databricks/sql/dist/contracts/IClientContext.js';

import { UserError } from '../errors.js';
import { databricksCliToken, SUPPORTED_AUTH } from './cli-token.js';
import { configFilePath, loadProfile, type LoadedProfile } from './databrickscfg.js';

export type DatabricksAuth =
  | { kind: 'pat'; token: string }
  | { kind: 'oauth-m2m'; clientId: string; clientSecret: string };

/** Connect options passed through to DBSQLClient.connect (auth, address and proxy are ours). */
export type DriverConnectOptions = Partial<Omit<ConnectionOptions, 'host' | 'port' | 'path' | 'authType' | 'proxy'>>;

/** Extra driver options: connect() options and client config (Arrow, CloudFetch, socket timeout…). */
export interface DriverExtraOptions {
  connect?: DriverConnectOptions;
  config?: Partial<ClientConfig>;
}

export type SettingSource = 'option' | 'env' | `profile [${string}]`;

export interface DatabricksSettings {
  /** Workspace host name, no scheme, no slash: `adb-123.4.azuredatabricks.net`. */
  host: string;
  /** HTTPS port; 443 unless the host carried one or a test set it. */
  port: number;
  /** SQL warehouse HTTP path with a leading slash: `/sql/1.0/warehouses/<id>`. */
  httpPath: string;
  auth: DatabricksAuth;
  /** Extra trusted CA (PEM), added to the system roots; for tests and TLS-inspecting proxies. */
  ca?: string;
  driver?: DriverExtraOptions;
  /** Where each piece came from, for messages. */
  sources: { host: SettingSource; httpPath: SettingSource; auth: SettingSource };
}

export interface DatabricksSettingsOptions {
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  httpPath?: string;
  /** SQL warehouse id; becomes `/sql/1.0/warehouses/<id>`. */
  warehouse?: string;
  /** Profile of the config file; else DATABRICKS_CONFIG_PROFILE; else DEFAULT. */
  profile?: string;
  port?: number;
  ca?: string;
  driver?: DriverExtraOptions;
}

export interface ResolveContext {
  env?: NodeJS.ProcessEnv;
  /** Home directory for ~/.databrickscfg (tests). */
  homeDir?: string;
}

interface Layer {
  source: SettingSource;
  host?: string;
  httpPath?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  /** `auth_type` of a profile; `databricks-cli` means "ask the Databricks CLI for a token". */
  authType?: string;
  profile?: string;
}

const clean = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

const warehousePath = (id: string): string => `/sql/1.0/warehouses/${id}`;

function optionLayer(options: DatabricksSettingsOptions): Layer {
  const httpPath = clean(options.httpPath);
  const warehouse = clean(options.warehouse);
  if (httpPath && warehouse) {
    throw new UserError(
      'both an HTTP path and a warehouse id were given',
      'pass only one of --warehouse <id> and the HTTP path',
    );
  }
  return {
    source: 'option',
    host: clean(options.host),
    httpPath: httpPath ?? (warehouse ? warehousePath(warehouse) : undefined),
    token: clean(options.token),
    clientId: clean(options.clientId),
    clientSecret: clean(options.clientSecret),
  };
}

function envLayer(env: NodeJS.ProcessEnv): Layer {
  const warehouse = clean(env.DATABRICKS_WAREHOUSE_ID);
  return {
    source: 'env',
    host: clean(env.DATABRICKS_HOST),
    httpPath: clean(env.DATABRICKS_HTTP_PATH) ?? (warehouse ? warehousePath(warehouse) : undefined),
    token: clean(env.DATABRICKS_TOKEN),
    clientId: clean(env.DATABRICKS_CLIENT_ID),
    clientSecret: clean(env.DATABRICKS_CLIENT_SECRET),
  };
}

function profileLayer(profile: LoadedProfile): Layer {
  const v = profile.values;
  const warehouse = clean(v.warehouse_id);
  return {
    source: `profile [${profile.name}]`,
    host: clean(v.host),
    httpPath: clean(v.http_path) ?? (warehouse ? warehousePath(warehouse) : undefined),
    token: clean(v.token),
    clientId: clean(v.client_id),
    clientSecret: clean(v.client_secret),
    authType: clean(v.auth_type)?.toLowerCase(),
    profile: profile.name,
  };
}

const where = (source: SettingSource): string =>
  source === 'option' ? 'the command-line options' : source === 'env' ? 'the environment' : source;

function resolveAuth(
  layers: Layer[],
  env: NodeJS.ProcessEnv,
): { auth: DatabricksAuth; source: SettingSource } | undefined {
  const layer = layers.find((l) => l.token || l.clientId || l.clientSecret || l.authType);
  if (!layer) return undefined;
  if (layer.authType && !layer.token && !layer.clientId && !layer.clientSecret) {
    if (layer.authType === 'databricks-cli')
      return {
        auth: { kind: 'pat', token: databricksCliToken(layer.profile ?? 'DEFAULT', env) },
        source: layer.source,
      };
    throw new UserError(
      `${where(layer.source)} has auth_type = ${layer.authType}, which idgraph does not support`,
      `use ${SUPPORTED_AUTH}`,
    );
  }
  if (layer.token && (layer.clientId || layer.clientSecret)) {
    throw new UserError(
      `both a token and OAuth client credentials are set in ${where(layer.source)}`,
      'keep one: DATABRICKS_TOKEN (personal access token) or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (service principal)',
    );
  }
  if (layer.token) return { auth: { kind: 'pat', token: layer.token }, source: layer.source };
  if (!layer.clientId || !layer.clientSecret) {
    const missing = layer.clientId ? 'client secret' : 'client id';
    const envName = layer.clientId ? 'DATABRICKS_CLIENT_SECRET' : 'DATABRICKS_CLIENT_ID';
    const iniName = layer.clientId ? 'client_secret' : 'client_id';
    throw new UserError(
      `OAuth ${missing} missing: ${where(layer.source)} has only half of the service principal credentials`,
      `set ${envName} (or \`${iniName} = …\` in the profile), or use a personal access token in DATABRICKS_TOKEN instead`,
    );
  }
  return {
    auth: { kind: 'oauth-m2m', clientId: layer.clientId, clientSecret: layer.clientSecret },
    source: layer.source,
  };
}

/** `https://host[:port][/]` or `host[:port]` → host and port; anything else is a UserError. */
function parseHost(raw: string, source: SettingSource): { host: string; port?: number } {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new UserError(
      `the Databricks host "${raw}" from ${where(source)} is not a valid URL`,
      'set DATABRICKS_HOST to the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net',
    );
  }
  if (url.protocol !== 'https:') {
    // The token travels in a header: never send it over cleartext.
    throw new UserError(
      `the Databricks host "${raw}" from ${where(source)} is not https`,
      'use the https:// workspace URL',
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new UserError(
      `the Databricks host "${raw}" from ${where(source)} has a path`,
      'DATABRICKS_HOST is the workspace URL only; the SQL warehouse path goes in DATABRICKS_HTTP_PATH or --warehouse <id>',
    );
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : undefined };
}

const MISSING_HINTS = {
  host: 'workspace host: set DATABRICKS_HOST=https://<workspace>.cloud.databricks.com (or `host = …` in a ~/.databrickscfg profile)',
  httpPath:
    'SQL warehouse: pass --warehouse <id>, or set DATABRICKS_HTTP_PATH=/sql/1.0/warehouses/<id> (or `http_path = …` in the profile)',
  auth: 'credentials: set DATABRICKS_TOKEN (personal access token), or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (OAuth service principal), or `token` / `client_id` + `client_secret` in the profile, or log in with `databricks auth login --profile <name>` and pass --profile <name>',
} as const;

const MISSING_NAMES = { host: 'workspace host', httpPath: 'SQL warehouse HTTP path', auth: 'credentials' } as const;

/**
 * Resolves connection settings. Throws a UserError naming every missing piece and how to set it.
 */
export function resolveDatabricksSettings(
  options: DatabricksSettingsOptions = {},
  context: ResolveContext = {},
): DatabricksSettings {
  const env = context.env ?? process.env;
  const explicitProfile = clean(options.profile) ?? clean(env.DATABRICKS_CONFIG_PROFILE);
  const profileName = explicitProfile ?? 'DEFAULT';
  const cfgPath = configFilePath(env, context.homeDir);
  const profile = loadProfile(cfgPath, profileName, explicitProfile !== undefined);

  const layers = [optionLayer(options), envLayer(env), ...(profile ? [profileLayer(profile)] : [])];
  const hostLayer = layers.find((l) => l.host);
  const pathLayer = layers.find((l) => l.httpPath);
  const auth = resolveAuth(layers, env);

  const missing = (['host', 'httpPath', 'auth'] as const).filter((key) =>
    key === 'host' ? !hostLayer : key === 'httpPath' ? !pathLayer : !auth,
  );
  if (missing.length > 0 || !hostLayer?.host || !pathLayer?.httpPath || !auth) {
    const looked = profile
      ? `profile [${profile.name}] of ${profile.path}`
      : `no profile [${profileName}] in ${cfgPath}`;
    throw new UserError(
      `missing Databricks connection settings: ${missing.map((m) => MISSING_NAMES[m]).join(', ')} (looked at options, DATABRICKS_* environment variables and ${looked})`,
      missing.map((m) => MISSING_HINTS[m]).join('\n'),
    );
  }

  const { host, port: hostPort } = parseHost(hostLayer.host, hostLayer.source);
  const httpPath = pathLayer.httpPath.startsWith('/') ? pathLayer.httpPath : `/${pathLayer.httpPath}`;
  const port = options.port ?? hostPort ?? 443;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`invalid Databricks port ${String(options.port)}`, 'use a port between 1 and 65535');
  }
  return {
    host,
    port,
    httpPath,
    auth: auth.auth,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.driver ? { driver: options.driver } : {}),
    sources: { host: hostLayer.source, httpPath: pathLayer.source, auth: auth.source },
  };
}

/** The secrets of these settings (token or client secret), for redaction. */
export function secretsOf(settings: Pick<DatabricksSettings, 'auth'>): string[] {
  return settings.auth.kind === 'pat' ? [settings.auth.token] : [settings.auth.clientSecret];
}

/**
 * Removes the token / client secret from any text (error messages, driver logs), including the
 * URL-encoded and base64 forms they take inside headers or URLs.
 */
export function redact(text: string, settings: Pick<DatabricksSettings, 'auth'>): string {
  let out = text;
  for (const secret of secretsOf(settings)) {
    // Very short "secrets" would blank out ordinary words; real tokens are 30+ characters.
    if (secret.length < 4) continue;
    const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
    if (settings.auth.kind === 'oauth-m2m') {
      // Basic auth to the token endpoint carries base64(client_id:client_secret).
      forms.add(Buffer.from(`${settings.auth.clientId}:${secret}`).toString('base64'));
    }
    // Longest first: base64(id:secret) contains base64(secret) when the id length is a multiple of 3.
    for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('[REDACTED]');
  }
  return out;
}

/** A one-line description for messages: `https://host/sql/1.0/warehouses/abc` (never secrets). */
export function describeEndpoint(settings: Pick<DatabricksSettings, 'host' | 'port' | 'httpPath'>): string {
  const port = settings.port === 443 ? '' : `:${settings.port}`;
  return `https://${settings.host}${port}${settings.httpPath}`;
}
