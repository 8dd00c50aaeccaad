import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { PreserializedJson } from '../../odata/serialization/preserialized-json';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';
import { poolNotFound } from './pool-errors';
import { CreatedPoolResource, PoolResource, toPoolResource } from './pool.resource';
import { DuplicateIccidError, PoolsRepository } from './pools.repository';
import { PoolCreate, PoolUpdate } from './preparation/pool-write';
import { PreparedCodes, preparedIccids } from './preparation/prepared-codes';

@Injectable()
export class PoolsService {
  constructor(private readonly pools: PoolsRepository) {}

  async list(tenantId: string, query: ODataQueryRequest): Promise<ODataPage<PoolResource>> {
    return (await this.pools.list(tenantId, query)).map(toPoolResource);
  }

  count(tenantId: string, query: ODataQueryRequest): Promise<number> {
    return this.pools.count(tenantId, query);
  }

  async get(tenantId: string, id: string): Promise<PoolResource> {
    return toPoolResource(await this.findOrFail(tenantId, id));
  }

  async create(tenantId: string, write: PoolCreate): Promise<CreatedPoolResource> {
    const { codes } = write;
    const now = new Date().toISOString();
    const pool: ActivationCodePoolEntity = {
      id: randomUUID(),
      tenantId,
      displayName: write.displayName,
      createdDateTime: now,
      modifiedDateTime: now,
      activationCodeCount: codes.count,
    };
    await this.translateIccidConflict(tenantId, codes, undefined, () => this.pools.insert(pool, codes));
    // Spec §4: only the create response echoes the codes, those of its own request, as prepared.
    return { ...toPoolResource(pool), activationCodes: new PreserializedJson(write.echo) };
  }

  async update(tenantId: string, id: string, write: PoolUpdate): Promise<PoolResource> {
    const changes = { displayName: write.displayName, modifiedDateTime: new Date().toISOString() };
    const updated = await this.translateIccidConflict(tenantId, write.codes, id, () =>
      this.pools.update(tenantId, id, changes, write.codes),
    );
    if (updated === null) throw poolNotFound(id);
    return toPoolResource(updated);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.pools.delete(tenantId, id))) throw poolNotFound(id);
  }

  private async findOrFail(tenantId: string, id: string): Promise<ActivationCodePoolEntity> {
    const pool = await this.pools.findById(tenantId, id);
    if (pool === null) throw poolNotFound(id);
    return pool;
  }

  /** Turns a unique-key violation into a 409 that names the ICCID (never the matching identifier). */
  private async translateIccidConflict<T>(
    tenantId: string,
    codes: PreparedCodes | undefined,
    poolId: string | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DuplicateIccidError) || codes === undefined) throw error;
      const iccids = preparedIccids(codes);
      const stored = await this.pools.findStoredIccid(tenantId, iccids, poolId);
      throw AppError.conflict(
        stored === undefined
          ? 'An ICCID of this request is already stored in this tenant.'
          : `The ICCID '${stored}' (activationCodes[${iccids.indexOf(stored)}]) is already stored in this tenant; an ICCID may belong to one pool only.`,
      );
    }
  }
}
