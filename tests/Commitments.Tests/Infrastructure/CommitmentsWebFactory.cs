using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Data;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// The real application over a real database (SQLite file or PostgreSQL, see <see cref="TestDatabase"/>),
/// seeded with the demo data. Background job execution is off so that tests run jobs themselves, at
/// a time they choose through <see cref="Time"/>.
/// </summary>
public class CommitmentsWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Demo-wachtwoord-2018";

    /// <summary>The public address of the site under test: every link in an e-mail starts with it.</summary>
    public const string PublicBaseUrl = "https://toezeggingen.techniekpact.test";

    private readonly DatabaseProvider? _provider;

    public CommitmentsWebFactory() : this(null)
    {
    }

    protected CommitmentsWebFactory(DatabaseProvider? provider) => _provider = provider;

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Now is 1 May 2018, 10:00 in Amsterdam, unless a test moves it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2018, 5, 1, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Every SQL command the application sends (not the test's own contexts).</summary>
    public SqlCommandCounter SqlCommands { get; } = new();

    public async Task InitializeAsync()
    {
        Database = _provider is { } p ? await TestDatabase.CreateAsync(p) : await TestDatabase.CreateAsync();
        await PrepareDatabaseAsync(Database);
        // Start the host now (TestServer, or Kestrel when a subclass asked for it): migrations and
        // demo data are part of the arrangement.
        StartServer();
    }

    /// <summary>Fills the new, migrated database before the application starts on it (the demo data only goes into a database without organisations).</summary>
    protected virtual Task PrepareDatabaseAsync(TestDatabase database) => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Commitments", Database.ConnectionString);
        builder.UseSetting("Database:DataDirectory", Path.Combine(Database.Directory, "data"));
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Password", Password);
        builder.UseSetting("App:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("App:ContactEmail", "secretariaat@techniekpact.test");
        // The clock stands still in tests, so a limit per minute would last the whole class: the
        // suite signs in far more often than a person. Tests/Security sets small limits of its own.
        foreach (var form in new[] { "SignIn", "ForgotPassword", "ResetPassword", "AcceptInvitation" })
        {
            builder.UseSetting($"RateLimiting:{form}:PerAccount:PermitLimit", "100000");
            builder.UseSetting($"RateLimiting:{form}:PerAddress:PermitLimit", "100000");
        }
        foreach (var limit in new[] { "PerAccount", "PerAddress" })
        {
            builder.UseSetting($"RateLimiting:TwoFactor:{limit}:PermitLimit", "100000");
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(SqlCommands);

            // Hangfire keeps one process-wide log provider, which AddHangfire points at the logger
            // factory of whichever host resolved its configuration last. Test hosts start and stop in
            // parallel: once that host is disposed, another host's Hangfire calls throw
            // ObjectDisposedException ('LoggerFactory'; HangfireIO/Hangfire#2147). Test hosts give
            // Hangfire a provider that outlives them all; the tests read no Hangfire log.
            var hangfire = services.Single(s => s.ServiceType == typeof(IGlobalConfiguration));
            services.Remove(hangfire);
            services.AddSingleton<IGlobalConfiguration>(provider =>
                ((IGlobalConfiguration)hangfire.ImplementationFactory!(provider)).UseNoOpLogProvider());
        });
    }

    /// <summary>A context on the same database, with the scope the test names.</summary>
    public CommitmentsDbContext CreateDbContext(DataScope scope) => Database.CreateContext(scope, Time);

    public CommitmentsDbContext CreateAdminDbContext() => CreateDbContext(DataScope.Everything("test assertion"));

    /// <summary>
    /// A browser-like client (cookies, no automatic redirects) signed in as the given demo account.
    /// Accounts that must use two-step verification (ministry, administrator) are set up with
    /// <see cref="TwoFactorTestKey"/> first unless they have a key; the second step is then passed
    /// with the code for <see cref="Time"/> (see <see cref="TwoFactorCodes"/>).
    /// </summary>
    public async Task<TestBrowser> SignInAsync(string email, string? password = null)
    {
        await TwoFactorCodes.EnrolIfRequiredAsync(Services, email);
        var browser = Anonymous();
        var response = await browser.SignInAsync(email, password ?? Password);
        if (response.Headers.Location?.OriginalString is { } next && next.StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal))
        {
            response = await browser.PostFormAsync(next, ("Code", await TwoFactorCodes.NextCodeAsync(Services, email, Time.GetUtcNow())));
        }
        if (!response.Headers.Location?.OriginalString.StartsWith('/') ?? true)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode}");
        }
        return browser;
    }

    /// <summary>The authenticator key the sign-in helpers give to accounts that must use two-step verification.</summary>
    public const string TwoFactorTestKey = TwoFactorCodes.TestKey;

    /// <summary>
    /// The address test clients use. https, as a browser would behind the proxy: the sign-in cookie is
    /// always Secure and a client only sends it back over https (TestServer answers either scheme).
    /// </summary>
    protected virtual Uri ClientBaseAddress => new("https://localhost/");

    public TestBrowser Anonymous() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientBaseAddress }));
}

/// <summary>The same application on PostgreSQL, for the tests that must prove both providers.</summary>
public sealed class PostgresWebFactory() : CommitmentsWebFactory(DatabaseProvider.Postgres);

/// <summary>The same application on SQLite, whatever provider the suite runs on.</summary>
public sealed class SqliteWebFactory() : CommitmentsWebFactory(DatabaseProvider.Sqlite);
