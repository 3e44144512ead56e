import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { callerOf, RequestContext } from '../access/request-context';
import { Roles } from '../access/access.decorator';
import { Role } from '../access/role.enum';
import { SupervisionPhoneService } from './supervision-phone.service';
import { Unit } from './unit.entity';

@Resolver(() => Unit)
export class SupervisionPhoneResolver {
  constructor(private readonly phones: SupervisionPhoneService) {}

  @ResolveField(() => String, {
    nullable: true,
    description: '监督电话 (the phone for complaints about slow or no action by this unit: its own, else its nearest ancestor\'s; null when none is configured).',
  })
  supervisionPhone(@Parent() unit: Unit, @Context() ctx: RequestContext): Promise<string | null> {
    return this.phones.forUnit(ctx.loaders).load(unit);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Unit, { description: '设置监督电话 (ADMIN: sets a unit\'s own supervision phone in the own subtree; null clears it, so the nearest ancestor\'s applies).' })
  setSupervisionPhone(
    @Args('unitCode', { description: '单位代码 (the unit).' }) unitCode: string,
    @Args('phone', { type: () => String, nullable: true, description: '电话 (landline with area code, mobile, or service number); null to clear.' }) phone: string | null,
    @Context() ctx: RequestContext,
  ): Promise<Unit> {
    return this.phones.set(callerOf(ctx), unitCode, phone);
  }
}
