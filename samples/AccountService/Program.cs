using PrivacyGuard.Samples.AccountService;

var app = AccountServiceApp.CreateBuilder(args).Build();
app.MapAccountService();
app.Run();
