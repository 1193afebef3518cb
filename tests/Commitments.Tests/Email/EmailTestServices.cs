using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Data;
using Commitments.Web.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Email;

/// <summary>
/// The e-mail services as the host registers them (<see cref="EmailSetup.AddEmail(IServiceCollection, IConfiguration)"/>),
/// over a real test database and a fake clock. Each dispatcher run gets its own DI scope, as under Hangfire.
/// </summary>
public sealed class EmailTestServices : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2018, 6, 18, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private EmailTestServices(TestDatabase database, FakeTimeProvider time, ServiceProvider provider)
    {
        Database = database;
        Time = time;
        _provider = provider;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; }
    public IServiceProvider Services => _provider;

    /// <summary>Sends to the given loopback SMTP port.</summary>
    public static EmailTestServices WithSmtp(TestDatabase database, int port, int maxAttempts = 8, int batchSize = 50) =>
        Create(database, new Dictionary<string, string?>
        {
            ["Email:From"] = "secretariaat@techniekpact.nl",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:UseStartTls"] = "false",
            ["Email:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>No SMTP host configured: the pickup folder under the test's data folder.</summary>
    public static EmailTestServices WithPickupFolder(TestDatabase database) =>
        Create(database, new Dictionary<string, string?> { ["Email:From"] = "secretariaat@techniekpact.nl" });

    private static EmailTestServices Create(TestDatabase database, Dictionary<string, string?> settings)
    {
        var time = new FakeTimeProvider(Start);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new DataDirectory(database.Directory));
        // As in a Hangfire job: no user, so no data scope. The outbox must work without widening it.
        services.AddScoped<IDataScopeAccessor>(_ => new ExplicitDataScopeAccessor(DataScope.None));
        services.AddDbContext<CommitmentsDbContext>(db => CommitmentsDatabase.Configure(db, database.Provider, database.ConnectionString));
        services.AddEmail(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new EmailTestServices(database, time, provider);
    }

    /// <summary>Queues messages through <see cref="IEmailOutbox"/> and saves, as a page would.</summary>
    public async Task<List<long>> EnqueueAsync(params (string To, string Subject, string Text, string? Html)[] messages)
    {
        await using var scope = _provider.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
        foreach (var m in messages)
        {
            outbox.Enqueue(m.To, m.Subject, m.Text, m.Html);
        }
        var db = scope.ServiceProvider.GetRequiredService<CommitmentsDbContext>();
        var added = db.ChangeTracker.Entries<OutboxMessage>().Select(e => e.Entity).ToList();
        await db.SaveChangesAsync();
        return added.Select(m => m.Id).ToList();
    }

    /// <summary>One run of the job, in a scope of its own.</summary>
    public async Task RunDispatcherAsync()
    {
        await using var scope = _provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
    }

    public async Task<OutboxMessage> ReadAsync(long id)
    {
        await using var db = Database.CreateContext(DataScope.Everything("test check"));
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<OutboxMessage>> ReadAllAsync()
    {
        await using var db = Database.CreateContext(DataScope.Everything("test check"));
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
