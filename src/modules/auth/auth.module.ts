import { Module } from '@nestjs/common';
import { GridModule } from '../grid/grid.module';
import { AuthResolver } from './auth.resolver';
import { SessionService } from './session.service';
import { UsersService } from './users.service';

@Module({
  imports: [GridModule],
  providers: [SessionService, UsersService, AuthResolver],
  exports: [SessionService, UsersService],
})
export class AuthModule {}
