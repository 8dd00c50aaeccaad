import { RequestSlot } from '../common/request-slot';
import { Caller } from './caller';

/** The verified caller of a request, set by the AuthenticationGuard; absent on a public route. */
export const REQUEST_CALLER = new RequestSlot<Caller>('identity:caller');
