using PrivacyGuard.Tests;

[assembly: AssemblyFixture(typeof(PostgresServer))]
