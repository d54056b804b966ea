/** Scheduled backups by setting (BACKUP_DIR, BACKUP_INTERVAL_MINUTES, BACKUP_KEEP): backup.scheduler.ts. */
import { Module } from '@nestjs/common';
import { BackupScheduler } from './backup.scheduler';

@Module({ providers: [BackupScheduler], exports: [BackupScheduler] })
export class BackupModule {}
