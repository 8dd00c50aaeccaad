import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ThrottleBucket, ThrottleDecision, ThrottleStore } from './throttle-store';

/** Longer than this, a command counts as failed: the request is then counted in this instance (FailoverThrottleStore). */
export const REDIS_COMMAND_TIMEOUT_MS = 50;
const CONNECT_TIMEOUT_MS = 1000;
const FIRST_RECONNECT_DELAY_MS = 100;
const LONGEST_RECONNECT_DELAY_MS = 2000;

/**
 * MemoryThrottleStore's sliding-window log, as one script, so that checking every bucket and recording
 * the hit in all of them is atomic across instances. Each bucket is a sorted set of hits scored by
 * time in whole milliseconds (exact as Lua numbers, which Redis formats with 14 significant digits);
 * members are unique per request, so two hits in the same millisecond both count. The time is the
 * server's (TIME): every instance then slides the same window, whatever its own clock says.
 * KEYS: the buckets. ARGV: the window in ms, this request's member, then each bucket's limit.
 * Returns 0 when admitted, else the milliseconds until every bucket has room again.
 */
const SLIDING_WINDOW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local retry_after = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  local limit = tonumber(ARGV[i + 2])
  if count >= limit then
    local leaving = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    retry_after = math.max(retry_after, tonumber(leaving[2]) + window - now)
  end
end
if retry_after > 0 then
  return retry_after
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, window)
end
return 0
`;

/** The command `defineCommand` adds to the client (EVALSHA, falling back to EVAL when Redis lacks the script). */
interface SlidingWindowCommand {
  admitToSlidingWindows(numberOfKeys: number, ...keysThenArguments: (string | number)[]): Promise<number>;
}

/**
 * Counts in Redis, shared by every instance on the same server: one round trip per request. Any failure
 * (unreachable, over REDIS_COMMAND_TIMEOUT_MS) rejects; FailoverThrottleStore decides what to do then.
 * One standalone Redis: a request's buckets are separate keys, which a Redis Cluster would refuse in one script.
 */
export class RedisThrottleStore extends ThrottleStore {
  private readonly redis: Redis & SlidingWindowCommand;
  /** This client's part of each member, so members of different instances never collide. */
  private readonly memberPrefix = `${randomBytes(9).toString('base64url')}:`;
  private hitsSent = 0;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    super();
    const redis = new Redis(url, {
      // connect() is called, and awaited, at start-up, so the first requests already share limits.
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      // While disconnected a command fails at once, and the request is counted locally, instead of
      // waiting in a queue; a command cut off by a lost connection fails at once too, never resent.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** (attempt - 1), LONGEST_RECONNECT_DELAY_MS),
      // disconnect() is only called once QUIT failed: there is nothing left to wait for, and ioredis would
      // otherwise hold the process for 2 s on the socket of a connection that is already gone.
      disconnectTimeout: 0,
    });
    // Connection errors also fail the commands that meet them, which is where they are reported; without
    // a listener ioredis would print every failed reconnection to stderr.
    redis.on('error', () => undefined);
    redis.defineCommand('admitToSlidingWindows', { lua: SLIDING_WINDOW_SCRIPT });
    this.redis = redis as Redis & SlidingWindowCommand;
  }

  async admit(buckets: readonly ThrottleBucket[], windowMs: number): Promise<ThrottleDecision> {
    const member = `${this.memberPrefix}${++this.hitsSent}`;
    const retryAfterMs = await this.redis.admitToSlidingWindows(
      buckets.length,
      ...buckets.map(({ key }) => this.keyPrefix + key),
      windowMs,
      member,
      ...buckets.map(({ limit }) => limit),
    );
    return retryAfterMs === 0 ? { allowed: true } : { allowed: false, retryAfterMs };
  }

  /** Resolves once connected; rejects if the first attempt fails, while reconnection goes on in the background. */
  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** QUIT lets commands in flight finish; it fails at once when not connected, and disconnect() then stops the reconnecting. */
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
