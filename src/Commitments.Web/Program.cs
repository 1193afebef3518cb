using Commitments.Web.Data;
using Commitments.Web.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommitmentsDatabase();
builder.Services.AddDataScopes();

var app = builder.Build();
await app.MigrateDatabaseAsync();
app.MapHealthChecks("/health");
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
