using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;

namespace Commitments.Tests.Email;

/// <summary>One message as a real SMTP server received it: the envelope recipients and the parsed message.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> EnvelopeTo, MimeMessage Message);

/// <summary>
/// A real SMTP server on 127.0.0.1 in this process. Its port is chosen when it is created, so a test
/// can point the product at it before it listens (to see a refused connection) and start it later.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private SmtpServerHost? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public LoopbackSmtpServer()
    {
        // Let the operating system pick a free port, then give it back for the server to take.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public IReadOnlyList<ReceivedMail> Received => _received.ToArray();

    private Task? _holdFirst;
    private int _arrivals;

    /// <summary>
    /// Keeps the first message that arrives waiting at the end of DATA (the client waits for the
    /// server's answer) until <paramref name="release"/> completes. Later messages pass at once.
    /// </summary>
    public void HoldFirstMessageUntil(Task release) => _holdFirst = release;

    /// <summary>Completes when the first message has reached the server, before it is answered.</summary>
    public TaskCompletionSource FirstMessageArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => listening.TrySetResult();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new RecordingStore(this));
        _server = new SmtpServerHost(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        // A wall-clock guard only against a hang; the test's times all come from its FakeTimeProvider.
        await Task.WhenAny(listening.Task, _running).WaitAsync(TimeSpan.FromSeconds(10));
        if (_running.IsFaulted)
        {
            await _running;
        }
    }

    public async Task StopAsync()
    {
        if (_server == null)
        {
            return;
        }
        _server.Shutdown();
        await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
        await _stop!.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _server = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class RecordingStore(LoopbackSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (Interlocked.Increment(ref owner._arrivals) == 1)
            {
                owner.FirstMessageArrived.TrySetResult();
                if (owner._holdFirst != null)
                {
                    await owner._holdFirst;
                }
            }
            owner._received.Enqueue(new ReceivedMail(transaction.To.Select(m => m.AsAddress()).ToList(), message));
            return SmtpResponse.Ok;
        }
    }
}
