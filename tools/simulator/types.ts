// The phone simulator's vocabulary. A family's phone behaviour (templates/<set>/phone.ts) says what a unit
// asks for and how it reads what it gets; the core (simulate.ts) runs it against any fetch.
import type { Credentials } from "./http";

/** Settings as the phone holds them after reading its files: name → value, strings only. */
export type Settings = Map<string, string>;

export interface Endpoint {
  host: string;
  port: string;
}

/** One line (account) of a MAC file, as the phone will register it. */
export interface PhoneLine {
  /** Undefined when the file does not say: the phone then keeps whatever it had before (a new one: nothing). */
  enabled: boolean | undefined;
  username?: string;
  authUsername?: string;
  password?: string;
  displayName?: string;
  registrar?: string;
  outboundProxy?: Endpoint | null;
}

/** The catalog row of a model, as the simulator needs it (a subset of the `models` table). */
export interface CatalogModel {
  iden: string;
  name: string;
  genericFile: string;
  specificPattern: string;
  format: string;
  maxLines: number;
  userAgent: string | null;
  templateSet: string;
}

export interface FileResponse {
  url: string;
  status: number;
  body: string;
}

/** What a phone's boot sequence can do: ask for files (logged, credentials answered) and know itself. */
export interface BootContext {
  model: CatalogModel;
  /** 12 lowercase hex digits. */
  mac: string;
  /** The provisioning root the phone was given (DHCP option 66, a redirect service), without a trailing slash. */
  base: string;
  /** Firmware old enough to behave differently where a vendor changed (Snom fills {mac} with colons). */
  oldFirmware: boolean;
  /**
   * HTTP credentials the operator put on the unit before its first boot, or null. Most phones answer any challenge
   * with them; a phone with `credentialsInRules` has them only in the rule it was staged with.
   */
  credentials: Credentials | null;
  /** GET `url`; `purpose` says what the phone wants it for (shown with the request). */
  get(url: string, purpose: string): Promise<FileResponse>;
}

/** Why a boot stops before the phone has its MAC file. */
export class BootFailure extends Error {
  override name = "BootFailure";
}

/** A family's phones: their requests and how they read their files (the vendor's admin guide, not our templates). */
export interface Phone {
  /** User-Agents real units send (templates/<family>/user-agents.ts), by model iden: what the tests serve. */
  examples: Readonly<Record<string, readonly ((mac: string) => string)[]>>;
  /** The User-Agent a unit of `model` sends when it fetches files. */
  userAgent(model: CatalogModel, mac: string): string;
  /** The boot sequence: files in the phone's order, fallbacks, the URL each file points to. Ends with the settings. */
  boot(ctx: BootContext): Promise<Settings>;
  /**
   * One file as the phone reads it; throws when the phone would reject it. `model`: the unit's model, where the
   * products of a family know different keys (Grandstream's alias XML).
   */
  parse(body: string, model?: CatalogModel): Settings;
  /** The URL the phone asks for after reading its generic file. */
  next(generic: Settings, mac: string): string;
  line(settings: Settings, position: number): PhoneLine;
  /** The UI language each language setting names, in English (`Spanish`); all must agree. */
  languages(settings: Settings): (string | undefined)[];
  /** The time zone as the vendor spells it. */
  timeZone(settings: Settings): string | undefined;
  /** Minutes between periodic re-checks of the provisioning server; 0 when the phone never re-checks. */
  recheckMinutes(settings: Settings): number;
  /** Values of settings that carry SIP or provisioning credentials, when non-empty. */
  credentials(settings: Settings): string[];
  /** The user the phone will send to the provisioning server from now on (HTTP auth), if the files set one. */
  provisioningUser(settings: Settings): string | undefined;
  /**
   * The phone sends HTTP credentials only with a rule that names them (Cisco's `[--uid … --pwd …]`), not with every
   * request: the simulator hands staged credentials to `boot`, which starts from the rule they were staged with.
   */
  credentialsInRules?: boolean;
}
