import { describe, expect, it } from 'vitest';
import { faultMessage } from './api';

describe('faultMessage', () => {
  it('reads compute faults', () => {
    expect(faultMessage(400, '{"badRequest": {"code": 400, "message": "Invalid flavorRef provided."}}'))
      .toBe('Invalid flavorRef provided.');
  });
  it('reads network faults', () => {
    expect(faultMessage(404, '{"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}'))
      .toBe('Network x could not be found.');
  });
  it('reads identity faults and the dashboard\'s own', () => {
    expect(faultMessage(401, '{"error": {"code": 401, "message": "Sign-in failed", "title": "Unauthorized"}}'))
      .toBe('Sign-in failed');
  });
  it('reads the image service\'s status line and message', () => {
    expect(faultMessage(409, '409 Conflict\n\nImage is protected'))
      .toBe('Image is protected');
  });
  it('never shows an HTML page or nothing', () => {
    expect(faultMessage(502, '<html><body>Bad gateway</body></html>')).toBe('The request failed with HTTP 502.');
    expect(faultMessage(500, '')).toBe('The request failed with HTTP 500.');
  });
});
