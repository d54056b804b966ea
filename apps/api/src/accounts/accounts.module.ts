import { Module } from '@nestjs/common';
import { AccountsController, PayFromAccountHandler } from './accounts.controller';

/** Personal accounts (个人账户): payments and family use; credits come with SettleMonth. */
@Module({ controllers: [AccountsController], providers: [PayFromAccountHandler] })
export class AccountsModule {}
