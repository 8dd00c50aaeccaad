import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { FIRST_VERSION } from '../../database/versioned-write';
import { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { ODataQueryExecutor } from '../../odata/query/odata-query-executor';
import { ODataEntity, ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { PreserializedJson } from '../../odata/serialization/preserialized-json';
import { RenderedEntity, RenderedRun } from '../../odata/serialization/rendered-entity';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';
import { poolNotFound, translatePoolVersionConflict } from './pool-errors';
import { PoolExpansions } from './pool-expansions';
import { CreatedPoolResource, PoolResource, toPoolResource } from './pool.resource';
import { DuplicateIccidError, PoolsRepository } from './pools.repository';
import { ImportBatch, PoolImport } from './preparation/operator-csv';
import { PoolCreate, PoolUpdate } from './preparation/pool-write';
import { jsonPositionOf, PreparedCodes, preparedIccids, unpackBatch } from './preparation/prepared-codes';

/** The answer to an import (spec §10): how many codes it added, and how many the pool has now. */
export interface CodeImportResult {
  readonly imported: number;
  readonly activationCodeCount: number;
}

@Injectable()
export class PoolsService {
  constructor(
    private readonly pools: PoolsRepository,
    private readonly odata: ODataQueryExecutor,
    private readonly expansions: PoolExpansions,
  ) {}

  async list(tenantId: string, request: ODataQueryRequest): Promise<ODataPage<RenderedEntity | RenderedRun>> {
    const page = await this.pools.list(tenantId, request);
    const expansions = await this.expand(tenantId, page.items, request);
    return new ODataPage(page.items, page.count, page.next, expansions);
  }

  count(tenantId: string, query: ODataQueryRequest): Promise<number> {
    return this.pools.count(tenantId, query);
  }

  async get(tenantId: string, id: string, request: ODataQueryRequest): Promise<ODataEntity<RenderedEntity>> {
    const pool = await this.pools.findRendered(tenantId, id, request.query.select);
    if (pool === null) throw poolNotFound(id);
    return new ODataEntity(pool, await this.expand(tenantId, [pool], request));
  }

  /** The tenant's pool with this id, or null: for callers outside HTTP (`npm run import`), which say so in their own words. */
  async find(tenantId: string, id: string): Promise<PoolResource | null> {
    const pool = await this.pools.findById(tenantId, id);
    return pool === null ? null : toPoolResource(pool);
  }

  /** The tenant's pools named exactly `displayName`, oldest first: display names need not be unique. */
  async findByDisplayName(tenantId: string, displayName: string): Promise<PoolResource[]> {
    return (await this.pools.findByDisplayName(tenantId, displayName)).map(toPoolResource);
  }

  /** `$expand=assignments,deviceStates`: the children of these pools, at most a page of them per pool. */
  private expand(tenantId: string, pools: readonly (RenderedEntity | RenderedRun)[], { query }: ODataQueryRequest) {
    if (query.expand.length === 0) return [];
    return this.odata.expand(RenderedEntity.keysOf(pools), query.expand, this.expansions.of(tenantId));
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
      version: FIRST_VERSION,
    };
    await this.translateIccidConflict(
      tenantId,
      undefined,
      () => this.pools.insert(pool, codes),
      () => jsonPositions(codes),
    );
    // Spec §4: only the create response echoes the codes, those of its own request, as prepared.
    return { ...toPoolResource(pool), activationCodes: new PreserializedJson(write.echo) };
  }

  /** Spec §9: only if the pool satisfies the request's preconditions (a 412 otherwise, and nothing changes). */
  async update(tenantId: string, id: string, write: PoolUpdate, preconditions: RequestPreconditions): Promise<PoolResource> {
    const changes = { displayName: write.displayName, modifiedDateTime: new Date().toISOString() };
    const { codes } = write;
    const updated = await translatePoolVersionConflict(id, () =>
      this.translateIccidConflict(
        tenantId,
        id,
        () => this.pools.update(tenantId, id, changes, codes, preconditions.versionCheck()),
        () => (codes === undefined ? new Map() : jsonPositions(codes)),
      ),
    );
    if (updated === null) throw poolNotFound(id);
    return toPoolResource(updated);
  }

  /**
   * Spec §10: appends the codes of an operator CSV, storing each batch as it is sealed; any of their
   * ICCIDs already stored in the tenant is a 409 naming it and its line. `onWritten` hears how many
   * codes the import's transaction holds after each batch (they are committed, or rolled back, at the end).
   * With `preconditions`, only if the pool satisfies them (spec §9: a 412 otherwise, and nothing is stored).
   */
  async importCodes(
    tenantId: string,
    id: string,
    write: PoolImport,
    options: { onWritten?: (codes: number) => void; preconditions?: RequestPreconditions } = {},
  ): Promise<CodeImportResult> {
    const received: ImportBatch[] = [];
    let written = 0;
    const recorded = (async function* () {
      for await (const batch of write.batches) {
        received.push(batch);
        yield batch;
        // The transaction asks for the next batch once it has inserted this one.
        written += batch.lines.length;
        options.onWritten?.(written);
      }
    })();
    try {
      const updated = await translatePoolVersionConflict(id, () =>
        this.translateIccidConflict(
          tenantId,
          undefined,
          () => this.pools.append(tenantId, id, recorded, new Date().toISOString(), options.preconditions?.versionCheck()),
          () => new Map(received.flatMap(({ rows, lines }) => unpackBatch(rows).map(([iccid], index) => [iccid, `line ${lines[index]}`]))),
        ),
      );
      if (updated === null) throw poolNotFound(id);
      return { imported: written, activationCodeCount: updated.activationCodeCount };
    } finally {
      write.batches.cancel();
    }
  }

  /** Spec §9: only if the pool satisfies the request's preconditions (a 412 otherwise, and nothing is deleted). */
  async delete(tenantId: string, id: string, preconditions: RequestPreconditions): Promise<void> {
    if (!(await translatePoolVersionConflict(id, () => this.pools.delete(tenantId, id, preconditions.versionCheck())))) {
      throw poolNotFound(id);
    }
  }

  /**
   * Turns a unique-key violation into a 409 that names the ICCID and where the request had it (never
   * the matching identifier). `written` lists the request's ICCIDs with their positions.
   */
  private async translateIccidConflict<T>(
    tenantId: string,
    poolId: string | undefined,
    write: () => Promise<T>,
    written: () => ReadonlyMap<string, string>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DuplicateIccidError)) throw error;
      const positions = written();
      const stored = await this.pools.findStoredIccid(tenantId, [...positions.keys()], poolId);
      throw AppError.conflict(
        stored === undefined
          ? 'An ICCID of this request is already stored in this tenant.'
          : `The ICCID '${stored}' (${positions.get(stored)}) is already stored in this tenant; an ICCID may belong to one pool only.`,
      );
    }
  }
}

/** The ICCIDs of a JSON body's codes, with their positions in it. */
function jsonPositions(codes: PreparedCodes): ReadonlyMap<string, string> {
  return new Map(preparedIccids(codes).map((iccid, index) => [iccid, jsonPositionOf(index)]));
}
