/** The tenant the test app calls as (`TestApp.http`) and the harnesses mint tokens for; tests of isolation add others. */
export const TENANT_A = '4f2c1a9e-7b3d-4e8f-9a1c-2d5e6f7a8b9c';
export const TENANT_B = 'b8e9d0c1-2a3b-4c5d-8e6f-7a8b9c0d1e2f';
