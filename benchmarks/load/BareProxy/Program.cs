// Bare YARP: the route and cluster come from the ReverseProxy section (run.sh passes them on the command line), as in
// the gateway, and nothing else runs in the pipeline.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
var app = builder.Build();
app.MapReverseProxy();
app.Run();
