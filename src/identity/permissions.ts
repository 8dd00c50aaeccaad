/** Spec §8: the two Graph permissions this API knows. */
export const READ_PERMISSION = 'DeviceManagementConfiguration.Read.All';
export const WRITE_PERMISSION = 'DeviceManagementConfiguration.ReadWrite.All';

/** Personal Microsoft accounts sign in under this tenant; Intune data never belongs to them. */
export const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isWriteMethod(method: string): boolean {
  return !READ_METHODS.has(method.toUpperCase());
}

const ACCEPTED_FOR_WRITES: readonly string[] = [WRITE_PERMISSION];
const ACCEPTED_FOR_READS: readonly string[] = [READ_PERMISSION, WRITE_PERMISSION];

/** The permissions any one of which lets a caller use `method` (reads accept the write permission too). */
export function acceptedPermissions(method: string): readonly string[] {
  return isWriteMethod(method) ? ACCEPTED_FOR_WRITES : ACCEPTED_FOR_READS;
}
