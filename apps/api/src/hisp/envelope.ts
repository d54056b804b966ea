/**
 * The national platform's envelope (API.md "National platform messages"): what a hospital
 * system sends to `POST /hisp/{infno}` and the shape of every answer. Fields the contract does not
 * list are accepted and dropped (the validation pipe's whitelist), never refused.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_CLAIM_ITEMS } from '@benefit/runtime';
import { IsText, NestedArray, NestedObject } from '../common/validation';
import { IsYuan } from './yuan';

/** The messages served, in the platform's numbering. */
export const INFNOS = ['1101', '2201', '2204', '2206', '2207', '2208', '2401', '2301', '2303', '2304', '2305', '3201'] as const;
export type Infno = (typeof INFNOS)[number];

/** Codes short enough that `{fixmedins_code}:{ipt_otp_no}:{n}` is a claim id (64 characters). */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$/;
const CODE_MESSAGE = { message: 'must be 1-30 letters, digits, "_" or "-"' };
/** Claim and person ids (ID_PATTERN of /v1). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ID_MESSAGE = { message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' };

/** Amounts an upstream core system already settled (an extension: the platform leaves them to its own fund modules). */
export class PriorSetlDto {
  @ApiPropertyOptional({ description: 'basic_pooling (yuan)' }) @IsOptional() @IsYuan() hifp_pay?: number | string;
  @ApiPropertyOptional({ description: 'critical_illness (yuan)' }) @IsOptional() @IsYuan() hifmi_pay?: number | string;
  @ApiPropertyOptional({ description: 'large_amount_subsidy (yuan)' }) @IsOptional() @IsYuan() hifob_pay?: number | string;
  @ApiPropertyOptional({ description: 'civil_servant_subsidy (yuan)' }) @IsOptional() @IsYuan() cvlserv_pay?: number | string;
  @ApiPropertyOptional({ description: 'medical_assistance, where this engine has no assistance rules (yuan)' }) @IsOptional() @IsYuan() maf_pay?: number | string;
}

/** `input.data` of every message: each message reads its own fields and names a missing one. */
export class HispDataDto {
  @ApiPropertyOptional({ example: '02' }) @IsOptional() @IsString() @Matches(/^\d{2}$/, { message: 'must be a 2-digit code' }) mdtrt_cert_type?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(1, 64) mdtrt_cert_no?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, ID_MESSAGE) psn_no?: string;
  @ApiPropertyOptional({ example: '2023-03-05 09:30:00' }) @IsOptional() @IsText(1, 32) begntime?: string;
  @ApiPropertyOptional({ example: '2023-03-09 10:00:00' }) @IsOptional() @IsText(1, 32) endtime?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE, CODE_MESSAGE) ipt_otp_no?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, ID_MESSAGE) mdtrt_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, ID_MESSAGE) setl_id?: string;
  @ApiPropertyOptional({ example: '11' }) @IsOptional() @IsString() @Matches(/^\d{2}$/, { message: 'must be a 2-digit code' }) med_type?: string;
  @ApiPropertyOptional({ example: 500.0 }) @IsOptional() @IsYuan() medfee_sumamt?: number | string;
  @ApiPropertyOptional({ example: '1' }) @IsOptional() @IsIn(['0', '1', 0, 1]) acct_used_flag?: string | number;
  @ApiPropertyOptional({ description: 'accepted; the institution registry gives the level' }) @IsOptional() @IsText(0, 8) fixmedins_lv?: string;
  @ApiPropertyOptional({ type: PriorSetlDto }) @IsOptional() @NestedObject(() => PriorSetlDto) prior_setl?: PriorSetlDto;
  @ApiPropertyOptional() @IsOptional() @IsText(0, 16) setl_optins?: string;
  @ApiPropertyOptional({ example: '2023-03-01' }) @IsOptional() @IsText(1, 32) stmt_begndate?: string;
  @ApiPropertyOptional({ example: '2023-03-31' }) @IsOptional() @IsText(1, 32) stmt_enddate?: string;
  @ApiPropertyOptional() @IsOptional() @IsYuan() fund_pay_sumamt?: number | string;
  @ApiPropertyOptional() @IsOptional() @IsYuan() acct_pay?: number | string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000_000) fixmedins_setl_cnt?: number;
}

/** One row of 2204/2301 `feedetail` (cnt and pric are accepted and not read: the row's amount is det_item_fee_sumamt). */
export class FeeDetailDto {
  @ApiProperty() @IsString() @Matches(CODE, CODE_MESSAGE) feedetl_sn: string;
  @ApiProperty() @IsString() @Matches(ID, ID_MESSAGE) mdtrt_id: string;
  @ApiProperty() @IsString() @Matches(ID, ID_MESSAGE) psn_no: string;
  @ApiProperty({ example: 'XJ01CAA040A001010104023' }) @IsText(1, 64) med_list_codg: string;
  @ApiProperty({ example: 120.5 }) @IsYuan() det_item_fee_sumamt: number | string;
  @ApiPropertyOptional({ example: '2023-03-05 10:00:00' }) @IsOptional() @IsText(1, 32) fee_ocur_time?: string;
}

export class HispInputDto {
  @ApiPropertyOptional({ type: HispDataDto }) @IsOptional() @NestedObject(() => HispDataDto) data?: HispDataDto;
  @ApiPropertyOptional({ type: [FeeDetailDto] }) @IsOptional() @NestedArray(() => FeeDetailDto, { min: 1, max: MAX_CLAIM_ITEMS }) feedetail?: FeeDetailDto[];
}

/** The request envelope. */
export class HispRequestDto {
  @ApiProperty({ enum: INFNOS }) @IsIn(INFNOS) infno: Infno;
  @ApiProperty({ example: 'H51130200001202303050930001' }) @IsText(1, 64) msgid: string;
  @ApiProperty({ example: 'H51130200001' }) @IsString() @Matches(CODE, CODE_MESSAGE) fixmedins_code: string;
  @ApiPropertyOptional({ example: '511302' }) @IsOptional() @IsText(0, 16) insuplc_admdvs?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(0, 64) opter?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(0, 32) inf_time?: string;
  @ApiProperty({ type: HispInputDto }) @NestedObject(() => HispInputDto) input: HispInputDto;
}

export interface HispAnswer {
  infcode: 0 | -1;
  err_msg: string | null;
  inf_refmsgid: string | null;
  output: Record<string, unknown> | null;
}

export const answered = (msgid: string, output: Record<string, unknown>): HispAnswer => ({ infcode: 0, err_msg: null, inf_refmsgid: msgid, output });

export const refusedAnswer = (msgid: string | null, errMsg: string): HispAnswer => ({ infcode: -1, err_msg: errMsg, inf_refmsgid: msgid, output: null });
