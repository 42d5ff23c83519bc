[assembly: AssemblyFixture(typeof(PrivacyGuard.Tests.PostgresServer))]
