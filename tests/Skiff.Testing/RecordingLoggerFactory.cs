using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Skiff.Testing;

/// <summary>
/// A logger factory that keeps every entry at or above a level, with its category and structured values, so tests
/// can assert what a component logged (and that nothing below the level was even formatted).
/// </summary>
public sealed class RecordingLoggerFactory(LogLevel minimumLevel) : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    /// <summary>One recorded entry: the formatted message and the template's named values.</summary>
    public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

    private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), values));
        }
    }
}
