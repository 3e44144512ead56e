import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/** `GET /health`: whether the database answers. */
@Controller('health')
export class HealthController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    try {
      await this.ds.query('SELECT 1');
      res.status(HttpStatus.OK).json({ status: 'ok', database: 'up' });
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ status: 'error', database: 'down' });
    }
  }
}
