using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commitments.Tests.Security;

/// <summary>
/// The application with small rate limits, a way to send requests from different client addresses,
/// and a view of the work behind an answer: password hashes checked and log lines written.
/// </summary>
public sealed class SecurityWebFactory : CommitmentsWebFactory
{
    /// <summary>A request with this header comes from that client address (as if over the network).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public const int SignInsPerAccount = 3;
    public const int SignInsPerAddress = 6;
    public const int ResetRequestsPerAccount = 2;
    public const int ResetsPerAccount = 2;
    public const int AcceptancesPerAddress = 2;

    /// <summary>How many times a password was checked against a hash.</summary>
    public int PasswordChecks => Volatile.Read(ref _passwordChecks);

    private int _passwordChecks;

    /// <summary>The SQL statements the application sent and the transactions it committed.</summary>
    public DatabaseActivity DatabaseWork { get; } = new();

    /// <summary>Every log line the application wrote, formatted.</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:SignIn:PerAccount:PermitLimit", SignInsPerAccount.ToString());
        builder.UseSetting("RateLimiting:SignIn:PerAddress:PermitLimit", SignInsPerAddress.ToString());
        builder.UseSetting("RateLimiting:ForgotPassword:PerAccount:PermitLimit", ResetRequestsPerAccount.ToString());
        builder.UseSetting("RateLimiting:ResetPassword:PerAccount:PermitLimit", ResetsPerAccount.ToString());
        builder.UseSetting("RateLimiting:AcceptInvitation:PerAddress:PermitLimit", AcceptancesPerAddress.ToString());
        builder.ConfigureTestServices(services =>
        {
            services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
            services.AddScoped<IPasswordHasher<AppUser>>(sp => new CountingPasswordHasher(
                new PasswordHasher<AppUser>(sp.GetService<IOptions<PasswordHasherOptions>>()), this));
            services.AddSingleton<ILoggerProvider>(new CollectingLoggerProvider(LogLines));
            services.AddSingleton<IInterceptor>(DatabaseWork.Commands);
            services.AddSingleton<IInterceptor>(DatabaseWork.Transactions);
        });
    }

    /// <summary>A browser on another computer: its requests carry the given client address.</summary>
    public TestBrowser AnonymousFrom(string address)
    {
        var browser = Anonymous();
        browser.Client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return browser;
    }

    /// <summary>What the application asked of the database, from <see cref="Reset"/> on.</summary>
    public sealed class DatabaseActivity
    {
        private readonly ConcurrentQueue<string> _statements = new();
        private int _commits;

        internal CommandRecorder Commands { get; }
        internal CommitCounter Transactions { get; }

        public DatabaseActivity()
        {
            Commands = new CommandRecorder(_statements);
            Transactions = new CommitCounter(this);
        }

        public void Reset()
        {
            _statements.Clear();
            Interlocked.Exchange(ref _commits, 0);
        }

        /// <summary>Statements that read (SELECT).</summary>
        public int Reads => _statements.Count(s => s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));

        /// <summary>The tables written to, one entry per statement, e.g. "INSERT AuditEntries".</summary>
        public IReadOnlyList<string> Writes => _statements
            .Where(s => !s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            .Select(s => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)).Replace("INTO ", "").Replace("\"", ""))
            .ToList();

        public int Commits => Volatile.Read(ref _commits);

        internal sealed class CommandRecorder(ConcurrentQueue<string> statements) : DbCommandInterceptor
        {
            private void Record(DbCommand command)
            {
                foreach (var statement in command.CommandText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    statements.Enqueue(statement.ReplaceLineEndings(" "));
                }
            }

            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
                InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            {
                Record(command);
                return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
            }

            public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
                InterceptionResult<int> result, CancellationToken cancellationToken = default)
            {
                Record(command);
                return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
            }

            public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
                InterceptionResult<object> result, CancellationToken cancellationToken = default)
            {
                Record(command);
                return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
            }
        }

        internal sealed class CommitCounter(DatabaseActivity work) : DbTransactionInterceptor
        {
            public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref work._commits);
                return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
            }
        }
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var value))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(value.ToString());
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingPasswordHasher(PasswordHasher<AppUser> inner, SecurityWebFactory factory) : IPasswordHasher<AppUser>
    {
        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref factory._passwordChecks);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
