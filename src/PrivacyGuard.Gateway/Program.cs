using PrivacyGuard.Gateway;

var app = GatewayApplication.CreateBuilder(args).Build();
app.MapGateway();
app.Run();
