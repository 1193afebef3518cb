using Commitments.Web;
using Commitments.Web.BackgroundJobs;
using Commitments.Web.Dashboards;
using Commitments.Web.Data;
using Commitments.Web.Demo;
using Commitments.Web.Email;
using Commitments.Web.Identity;
using Commitments.Web.Invitations;
using Commitments.Web.Lifecycle;
using Commitments.Web.Privacy;
using Commitments.Web.Progress;
using Commitments.Web.ReportRuns;
using Commitments.Web.Reporting;
using Commitments.Web.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommitmentsDatabase();
builder.Services.AddDataScopes();
builder.AddCommitmentsIdentity();
builder.AddPrivacy();
builder.AddBackgroundJobs();
builder.AddEmail();
builder.Services.AddReporting();
builder.Services.AddFrozenReportsAndRuns();
builder.Services.AddInvitations();
builder.Services.AddCommitmentLifecycle();
builder.Services.AddProgressReporting();
builder.Services.AddDashboards();
builder.Services.AddDemoData();
builder.AddWebInterface();

var app = builder.Build();
await app.MigrateDatabaseAsync();
await app.EnsureReferenceDataAsync();
await app.EnsureRolesAsync();
await app.HashPlainRecoveryCodesAsync();
await app.SeedDemoDataAsync();
app.UseWebInterface();
app.UseBackgroundJobs();
app.UseReportRunRetention();
app.UsePrivacyJobs();
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
