import { Provider } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { PiiCipher } from '../../common/pii';

/** The one PiiCipher of the process, keyed from config (PII_KEY). */
export const PiiCipherProvider: Provider = {
  provide: PiiCipher,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new PiiCipher(config.piiKey),
};
