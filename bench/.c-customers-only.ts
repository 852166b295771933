import { customerSearch } from './customers';
void customerSearch().then(() => customerSearch());
