import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG } from '../../../../src/pipeline/events.ts';
import {
  isFatalSoapError,
  SoapAuthError,
  SoapBusyError,
  SoapError,
  soapErrorReason,
  SoapFaultError,
  SoapForbiddenError,
  SoapProtocolError,
  SoapTimeoutError,
  SoapUnreachableError,
} from '../../../../src/pipeline/sources/soap/errors.ts';
import * as v from 'valibot';

describe('SOAP errors', () => {
  const errors = [
    new SoapAuthError('a', { command: 'c', url: 'http://h/', status: 401 }),
    new SoapForbiddenError('f'),
    new SoapFaultError("Command 'x' does not exist\n", 'SOAP-ENV:Client'),
    new SoapProtocolError('p'),
    new SoapProtocolError('h', 'http'),
    new SoapTimeoutError(100),
    new SoapUnreachableError('u', 'ECONNREFUSED', {}, { cause: new Error('root') }),
  ];

  it('each kind is a valid server.down reason', () => {
    const reason =
      (EVENT_CATALOG['server.down'].data as unknown as { entries: { reason: v.GenericSchema } })
        .entries.reason;
    for (const error of errors) {
      expect(error).toBeInstanceOf(SoapError);
      expect(v.is(reason, error.kind), error.kind).toBe(true);
      expect(soapErrorReason(error)).toBe(error.kind);
      expect(error.name).toMatch(/^Soap\w+Error$/);
    }
    expect(errors.map((error) => error.kind)).toEqual([
      'auth',
      'forbidden',
      'fault',
      'protocol',
      'http',
      'timeout',
      'unreachable',
    ]);
  });

  it('keeps context and cause', () => {
    expect(errors[0]).toMatchObject({ command: 'c', url: 'http://h/', status: 401 });
    expect((errors[6] as Error).cause).toEqual(new Error('root'));
    expect(errors[2].message).toBe("Command 'x' does not exist");
  });

  it('only auth and forbidden stop polling; foreign errors map to protocol', () => {
    expect(errors.filter(isFatalSoapError).map((error) => error.kind)).toEqual([
      'auth',
      'forbidden',
    ]);
    expect(soapErrorReason(new SoapBusyError(4))).toBe('protocol');
    expect(soapErrorReason(new Error('x'))).toBe('protocol');
  });
});
