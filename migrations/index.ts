import { CreateActivationCodePools1764345600000 } from './1764345600000-create-activation-code-pools';
import { IndexPoolListing1764432000000 } from './1764432000000-index-pool-listing';
import { CreatePoolAssignmentsAndDeviceStates1764604800000 } from './1764604800000-create-pool-assignments-and-device-states';
import { AddEntityVersions1764691200000 } from './1764691200000-add-entity-versions';
import { TextInByteOrder1764777600000 } from './1764777600000-text-in-byte-order';

/** Every migration, oldest first, listed as classes so the built app needs no file globbing. */
export const MIGRATIONS = [
  CreateActivationCodePools1764345600000,
  IndexPoolListing1764432000000,
  CreatePoolAssignmentsAndDeviceStates1764604800000,
  AddEntityVersions1764691200000,
  TextInByteOrder1764777600000,
];
