package dev.nova.server.testing;

/**
 * LM Studio's native API responses exactly as its documentation shows them
 * (lmstudio.ai/docs/developer/rest: "List your models", and the deprecated v0 REST API page),
 * for stand-ins that speak that API.
 */
public final class LmStudioDocs {
    private LmStudioDocs() {}

    /** The documented example response of LM Studio 0.4+'s {@code GET /api/v1/models}. */
    public static final String V1_MODELS = """
            {
              "models": [
                {
                  "type": "llm",
                  "publisher": "lmstudio-community",
                  "key": "gemma-3-270m-it-qat",
                  "display_name": "Gemma 3 270m Instruct Qat",
                  "architecture": "gemma3",
                  "quantization": {
                    "name": "Q4_0",
                    "bits_per_weight": 4
                  },
                  "size_bytes": 241410208,
                  "params_string": "270M",
                  "loaded_instances": [
                    {
                      "id": "gemma-3-270m-it-qat",
                      "config": {
                        "context_length": 4096
                      }
                    }
                  ],
                  "max_context_length": 32768,
                  "format": "gguf",
                  "capabilities": {
                    "vision": false,
                    "trained_for_tool_use": false
                  },
                  "description": null
                },
                {
                  "type": "embedding",
                  "publisher": "gaianet",
                  "key": "text-embedding-nomic-embed-text-v1.5-embedding",
                  "display_name": "Nomic Embed Text v1.5",
                  "quantization": {
                    "name": "F16",
                    "bits_per_weight": 16
                  },
                  "size_bytes": 274290560,
                  "params_string": null,
                  "loaded_instances": [],
                  "max_context_length": 2048,
                  "format": "gguf"
                }
              ]
            }""";

    public static final String V0_MODELS = """
            {
              "object": "list",
              "data": [
                {
                  "id": "qwen2-vl-7b-instruct",
                  "object": "model",
                  "type": "vlm",
                  "publisher": "mlx-community",
                  "arch": "qwen2_vl",
                  "compatibility_type": "mlx",
                  "quantization": "4bit",
                  "state": "not-loaded",
                  "max_context_length": 32768
                },
                {
                  "id": "meta-llama-3.1-8b-instruct",
                  "object": "model",
                  "type": "llm",
                  "publisher": "lmstudio-community",
                  "arch": "llama",
                  "compatibility_type": "gguf",
                  "quantization": "Q4_K_M",
                  "state": "loaded",
                  "max_context_length": 131072
                }
              ]
            }""";
}
