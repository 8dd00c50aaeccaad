import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WriteTransactions } from '../../database/write-transactions';
import { ODataQueryExecutor } from '../../odata/query/odata-query-executor';
import { PoolContainedRepository } from '../pools/pool-contained.repository';
import { PoolsRepository } from '../pools/pools.repository';
import { DEVICE_STATE_ROW_RENDERING } from './device-state.resource';
import { DeviceStateEntity } from './entities/device-state.entity';

/** Persistence of the states of the devices provisioned from a pool. */
@Injectable()
export class DeviceStatesRepository extends PoolContainedRepository<DeviceStateEntity> {
  constructor(dataSource: DataSource, writes: WriteTransactions, odata: ODataQueryExecutor, pools: PoolsRepository) {
    super(dataSource, writes, odata, pools, DeviceStateEntity, 'deviceState', DEVICE_STATE_ROW_RENDERING);
  }
}
