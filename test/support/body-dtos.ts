/**
 * The @Body() DTO class of every write handler (POST, PUT, PATCH, DELETE) of a running app, read
 * from Nest's own metadata so that a new route is walked too, with the route's name. The bounds
 * spec and the compiled-validator spec both walk the same list.
 */
import 'reflect-metadata';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';

export type Dto = new () => object;

const WRITES = [RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE];

export function bodyDtosOf(app: INestApplication): { route: string; dto: Dto }[] {
  const out: { route: string; dto: Dto }[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const method = Reflect.getMetadata(METHOD_METADATA, proto[name] as object) as RequestMethod | undefined;
        if (method === undefined || !WRITES.includes(method)) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.BODY) continue;
          out.push({ route: `${RequestMethod[method]} ${controller.name}.${name}`, dto: types[arg.index] as Dto });
        }
      }
    }
  }
  return out;
}
