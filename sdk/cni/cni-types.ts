/** One plugin entry of a network configuration list (the plugin's own keys are kept as they are). */
export interface CniPluginConf {
  /** Plugin binary name, looked up in the bin dirs. */
  readonly type: string;
  /** Capabilities the plugin accepts through `runtimeConfig` (`portMappings`, `ipRanges`, ...). */
  readonly capabilities?: Readonly<Record<string, boolean>>;
  readonly [key: string]: unknown;
}

/** A network configuration list (`*.conflist`), CNI spec 1.0. */
export interface CniNetworkConfigList {
  readonly cniVersion: string;
  /** Versions the list supports (CNI 1.1); the runtime picks the highest it supports. */
  readonly cniVersions?: readonly string[];
  /** Network name (`^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$`). */
  readonly name: string;
  readonly disableCheck?: boolean;
  readonly plugins: readonly CniPluginConf[];
}

/** An interface in a CNI result. */
export interface CniInterface {
  readonly name: string;
  readonly mac?: string;
  readonly mtu?: number;
  /** Netns path for interfaces inside the container; absent for host interfaces. */
  readonly sandbox?: string;
}

/** An IP configuration in a CNI result. */
export interface CniIpConfig {
  /** CIDR notation, for example `10.1.0.5/16`. */
  readonly address: string;
  readonly gateway?: string;
  /** Index into `interfaces`. */
  readonly interface?: number;
}

/** A route in a CNI result. */
export interface CniRoute {
  readonly dst: string;
  readonly gw?: string;
  readonly [key: string]: unknown;
}

/** DNS settings in a CNI result. */
export interface CniDns {
  readonly nameservers?: readonly string[];
  readonly domain?: string;
  readonly search?: readonly string[];
  readonly options?: readonly string[];
}

/** The result of ADD (CNI spec 1.0 "Success" output). */
export interface CniResult {
  readonly cniVersion: string;
  readonly interfaces?: readonly CniInterface[];
  readonly ips?: readonly CniIpConfig[];
  readonly routes?: readonly CniRoute[];
  readonly dns?: CniDns;
  readonly [key: string]: unknown;
}

/** The error output of a plugin (CNI spec "Error" output). */
export interface CniErrorOutput {
  readonly cniVersion?: string;
  /** Well-known codes: 1 incompatible version, 2 unsupported field, 3 unknown container, 4 invalid env, 5 I/O, 6 decode, 7 invalid config, 11 try again. */
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

/** Thrown when a CNI plugin fails; carries the plugin's parsed error output. */
export class CniPluginError extends Error {
  /** The CNI error code (0 when the plugin wrote no parsable error). */
  readonly code: number;
  readonly details: string | undefined;
  constructor(
    /** The plugin type that failed. */
    readonly plugin: string,
    /** The operation (`ADD`, `CHECK`, `DEL`, `VERSION`). */
    readonly command: string,
    output: CniErrorOutput,
  ) {
    super(
      `plugin type="${plugin}" failed (${command.toLowerCase()}): ${output.msg}${output.details ? `: ${output.details}` : ''}`,
    );
    this.name = 'CniPluginError';
    this.code = output.code;
    this.details = output.details;
  }
}

/** The pod a network attachment is for (passed to plugins as `K8S_POD_*` in `CNI_ARGS`). */
export interface PodNetworkAttachment {
  /** Sandbox ID, used as `CNI_CONTAINERID`. */
  readonly containerId: string;
  /** Path of the sandbox's network namespace (`CNI_NETNS`); may be absent or gone for teardown. */
  readonly netnsPath?: string;
  /** Interface name inside the pod (`CNI_IFNAME`); default `eth0`. */
  readonly ifName?: string;
  readonly podName?: string;
  readonly podNamespace?: string;
  readonly podUid?: string;
  /** Runtime capability arguments (`portMappings`, `ipRanges`, `bandwidth`, `dns`, `ips`, `mac`, ...). */
  readonly capabilityArgs?: Readonly<Record<string, unknown>>;
}

/** What a pod got from its network. */
export interface PodNetworkStatus {
  /** Pod IPs without prefix length, IPv4 first. */
  readonly ips: readonly string[];
  /** The final ADD result. */
  readonly result: CniResult;
}
