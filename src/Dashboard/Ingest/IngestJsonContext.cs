using System.Text.Json.Serialization;

namespace Dashboard.Ingest;

/// <summary>Source-generated serialization for the ingest hot path.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NativeEvaluationBatch))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
