import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { AppConfig } from '../../config/app-config';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { ActivationCode, toActivationCode } from './activation-code';
import { CreatePoolDto, UpdatePoolDto } from './dto/pool-write.dto';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';
import { strictIccidProblem } from './iccid';
import { CreatedPoolResource, PoolResource, toPoolResource } from './pool.resource';
import { DuplicateIccidError, PoolsRepository } from './pools.repository';

@Injectable()
export class PoolsService {
  constructor(
    private readonly pools: PoolsRepository,
    private readonly config: AppConfig,
  ) {}

  async list(tenantId: string, query: ODataQueryRequest): Promise<ODataPage<PoolResource>> {
    return (await this.pools.list(tenantId, query)).map(toPoolResource);
  }

  count(tenantId: string, query: ODataQueryRequest): Promise<number> {
    return this.pools.count(tenantId, query);
  }

  async get(tenantId: string, id: string): Promise<PoolResource> {
    return toPoolResource(await this.findOrFail(tenantId, id));
  }

  async create(tenantId: string, dto: CreatePoolDto): Promise<CreatedPoolResource> {
    const codes = this.checkCodes(dto.activationCodes ?? []);
    const now = new Date().toISOString();
    const pool: ActivationCodePoolEntity = {
      id: randomUUID(),
      tenantId,
      displayName: dto.displayName,
      createdDateTime: now,
      modifiedDateTime: now,
      activationCodeCount: codes.length,
    };
    await this.translateIccidConflict(tenantId, codes, undefined, () => this.pools.insert(pool, codes));
    // The checked codes are already plain copies of the request's: echo them (spec §4), map nothing twice.
    return { ...toPoolResource(pool), activationCodes: codes };
  }

  async update(tenantId: string, id: string, dto: UpdatePoolDto): Promise<PoolResource> {
    const codes = dto.activationCodes === undefined ? undefined : this.checkCodes(dto.activationCodes);
    const changes = { displayName: dto.displayName, modifiedDateTime: new Date().toISOString() };
    const updated = await this.translateIccidConflict(tenantId, codes ?? [], id, () => this.pools.update(tenantId, id, changes, codes));
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

  /**
   * Request-level rules the DTO cannot express (spec §2): an ICCID appears once per request, and in
   * strict mode carries the telecom prefix and a valid Luhn digit.
   */
  private checkCodes(codes: readonly ActivationCode[]): ActivationCode[] {
    const firstIndexOf = new Map<string, number>();
    codes.forEach(({ integratedCircuitCardIdentifier: iccid }, index) => {
      const path = `activationCodes[${index}].integratedCircuitCardIdentifier`;
      const earlier = firstIndexOf.get(iccid);
      if (earlier !== undefined) {
        throw AppError.invalidInput(
          `'${path}' repeats the ICCID '${iccid}' of activationCodes[${earlier}]; an ICCID may appear once per request.`,
        );
      }
      firstIndexOf.set(iccid, index);
      const problem = this.config.esim.strictCodes ? strictIccidProblem(iccid) : undefined;
      if (problem !== undefined) throw AppError.invalidInput(`'${path}' ${problem}.`);
    });
    return codes.map(toActivationCode);
  }

  /** Turns a unique-key violation into a 409 that names the ICCID (never the matching identifier). */
  private async translateIccidConflict<T>(
    tenantId: string,
    codes: readonly ActivationCode[],
    poolId: string | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DuplicateIccidError)) throw error;
      const iccids = codes.map((code) => code.integratedCircuitCardIdentifier);
      const stored = await this.pools.findStoredIccid(tenantId, iccids, poolId);
      throw AppError.conflict(
        stored === undefined
          ? 'An ICCID of this request is already stored in this tenant.'
          : `The ICCID '${stored}' (activationCodes[${iccids.indexOf(stored)}]) is already stored in this tenant; an ICCID may belong to one pool only.`,
      );
    }
  }
}

function poolNotFound(id: string): AppError {
  return AppError.notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
}
